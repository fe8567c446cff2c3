# `sam build` runs these targets (the template's functions say `BuildMethod: makefile`) with ARTIFACTS_DIR set
# to where the function's package goes. The Maven Wrapper builds the classes and copies the runtime jars, so a
# JDK (17 or newer) and make are all a build needs; the tests are not run here (`./mvnw verify` runs them).
# The layout is what Lambda's Java runtime loads: classes at the root, jars in lib/.

MVNW_ARGS = -q -B -Dmaven.test.skip=true

.PHONY: build-NotifierFunction build-TriageFunction function

build-NotifierFunction: function

build-TriageFunction: function

function:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this through sam build" >&2; exit 2; }
	./mvnw $(MVNW_ARGS) clean process-test-classes
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp -R target/classes/. "$(ARTIFACTS_DIR)/"
	cp target/lambda/lib/*.jar "$(ARTIFACTS_DIR)/lib/"
