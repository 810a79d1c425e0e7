#!/usr/bin/env python3
"""A read-only S3 endpoint over a file replica, for bin/aot-train.sh only.

Serves REPLICA (a file:// replica: ltx/<level>/<min>-<max>.ltx) as bucket `aot`, key prefix `db`
(path style, Litestream v0.5 keys db/<%04x level>/<file>), so that the training's restore runs the
S3 client's whole read path: ListObjectsV2 (with and without a delimiter), ranged GetObject and
HeadObject. It checks no signature. Prints the port it listens on (127.0.0.1), then serves until
killed. Usage: aot-s3.py REPLICA
"""
import email.utils
import http.server
import os
import sys
import urllib.parse
from xml.sax.saxutils import escape

REPLICA = sys.argv[1]
NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def objects():
    """Every key of the replica with its file."""
    root = os.path.join(REPLICA, "ltx")
    for level in sorted(os.listdir(root), key=int) if os.path.isdir(root) else []:
        folder = os.path.join(root, level)
        for name in sorted(os.listdir(folder)):
            yield "db/%04x/%s" % (int(level), name), os.path.join(folder, name)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def missing(self):
        self.reply(404, b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>'
                   b"<Message>The specified key does not exist.</Message></Error>",
                   [("Content-Type", "application/xml")])

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        bucket, _, key = url.path.lstrip("/").partition("/")
        if bucket != "aot":
            return self.missing()
        if not key:
            return self.list(urllib.parse.parse_qs(url.query))
        path = dict(objects()).get(urllib.parse.unquote(key))
        if path is None:
            return self.missing()
        with open(path, "rb") as f:
            data = f.read()
        size, status, headers = len(data), 200, []
        spec = self.headers.get("Range", "")
        if spec.startswith("bytes="):
            first, _, last = spec[6:].partition("-")
            start = int(first)
            end = min(int(last) if last else size - 1, size - 1)
            data, status = data[start:end + 1], 206
            headers.append(("Content-Range", "bytes %d-%d/%d" % (start, end, size)))
        stamp = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        headers += [("Content-Type", "application/octet-stream"), ("Last-Modified", stamp),
                    ("ETag", '"%x"' % size)]
        self.reply(status, data, headers)

    do_HEAD = do_GET

    def list(self, query):
        prefix = query.get("prefix", [""])[0]
        delimiter = query.get("delimiter", [""])[0]
        contents, prefixes = [], set()
        for key, path in objects():
            if not key.startswith(prefix):
                continue
            rest = key[len(prefix):]
            if delimiter and delimiter in rest:
                prefixes.add(prefix + rest.split(delimiter)[0] + delimiter)
                continue
            stamp = os.path.getmtime(path)
            contents.append("<Contents><Key>%s</Key><LastModified>%s</LastModified><ETag>&quot;%x&quot;"
                            "</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>"
                            % (escape(key), iso(stamp), os.path.getsize(path), os.path.getsize(path)))
        common = "".join("<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>" % escape(p)
                         for p in sorted(prefixes))
        body = ('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="%s"><Name>aot</Name>'
                "<Prefix>%s</Prefix><KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys>"
                "<IsTruncated>false</IsTruncated>%s%s</ListBucketResult>"
                % (NS, escape(prefix), len(contents) + len(prefixes), "".join(contents), common))
        self.reply(200, body.encode(), [("Content-Type", "application/xml")])


def iso(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
