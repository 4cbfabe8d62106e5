"""A local S3 server for the tests: moto's server mode, on 127.0.0.1 and a free port.

`S3Server.storage()` is the `STORAGES["default"]` entry the settings build from the
environment (`core.media_storage`), pointed at this server's bucket.
"""

import json

import boto3
from moto.server import ThreadedMotoServer

from core.media_storage import s3_media_storage, s3_private_storage

BUCKET = "iom-media"
# moto accepts any key; these keep boto3 from looking for real credentials on the machine.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            # Except the private storage's prefix (core.media_storage).
            "NotResource": f"arn:aws:s3:::{BUCKET}/private/*",
        },
    ],
}


class S3Server:
    def __init__(self):
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)

    def start(self):
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        self.client.create_bucket(Bucket=BUCKET)
        # As the README asks of a production bucket: anyone may read its objects.
        self.client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))

    def stop(self):
        self._server.stop()

    def environ(self):
        """The environment that points a process's media at this server."""
        return {
            "DJANGO_MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **CREDENTIALS,
        }

    def storage(self):
        entry, _origins = s3_media_storage(self.environ())
        entry["OPTIONS"].update(
            access_key=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            secret_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        return entry

    def private_storage(self):
        """The `STORAGES["private"]` entry: the same bucket, under `private/`."""
        entry = s3_private_storage(self.environ())
        entry["OPTIONS"].update(
            access_key=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            secret_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        return entry

    def keys(self):
        """Every object name in the bucket, sorted."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def empty(self):
        for key in self.keys():
            self.client.delete_object(Bucket=BUCKET, Key=key)
