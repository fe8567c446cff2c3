"""moto_server as the tests need it (started by Moto.java): on loopback, DynamoDB's requests one at a time.

moto's own threaded server checks a DynamoDB condition and writes the item without a lock, so two
concurrent conditional writes can both succeed, which DynamoDB never allows. DynamoDB's requests (the JSON
protocol names them in X-Amz-Target) are served one at a time, which gives the tests DynamoDB's atomic
conditional writes; every other service's are served at once, as moto_server itself serves them, so that a
large S3 upload from SAM CLI does not hold up another test's read of a secret.
"""
import os
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

port = int(sys.argv[1])
os.environ.setdefault("MOTO_PORT", str(port))
application = DomainDispatcherApplication(create_backend_app)
dynamodb = threading.Lock()


def one_dynamodb_request_at_a_time(environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
        with dynamodb:
            # Read the whole answer inside the lock: the write it reports is then complete.
            return list(application(environ, start_response))
    return application(environ, start_response)


run_simple("127.0.0.1", port, one_dynamodb_request_at_a_time, threaded=True)
