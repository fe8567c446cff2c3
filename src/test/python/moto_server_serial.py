"""moto_server as the tests need it (started by Moto.java): on loopback, answering one request at a time.

moto's own threaded server checks a DynamoDB condition and writes the item without a lock, so two
concurrent conditional writes can both succeed, which DynamoDB never allows. Serving requests one at a
time gives the tests DynamoDB's atomic conditional writes.
"""
import os
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

port = int(sys.argv[1])
os.environ.setdefault("MOTO_PORT", str(port))
run_simple("127.0.0.1", port, DomainDispatcherApplication(create_backend_app), threaded=False)
