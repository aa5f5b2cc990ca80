#!/usr/bin/env python3
"""Write a tiny OCI image layout by hand (no network, no docker).

usage: make_oci_layout.py DIR TAG single|multi SALT

single: one linux/amd64 image manifest tagged TAG.
multi:  an image index with linux/amd64 and linux/arm64 manifests tagged TAG.
SALT goes into the layer's file so every call can make a distinct image.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def blob(root, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(root, "blobs", "sha256", digest)
    with open(path, "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def layer(root, text):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        payload = text.encode()
        info = tarfile.TarInfo("hello.txt")
        info.size = len(payload)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(payload))
    tar_bytes = raw.getvalue()
    diff_id = "sha256:" + hashlib.sha256(tar_bytes).hexdigest()
    gz = gzip.compress(tar_bytes, mtime=0)
    d = blob(root, gz)
    d["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
    return d, diff_id


def image(root, arch, salt):
    lay, diff_id = layer(root, f"dfix test image {salt} {arch}\n")
    config = {
        "architecture": arch,
        "os": "linux",
        "config": {"Cmd": ["/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    }
    cfg = blob(root, json.dumps(config, sort_keys=True).encode())
    cfg["mediaType"] = "application/vnd.oci.image.config.v1+json"
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": cfg,
        "layers": [lay],
    }
    m = blob(root, json.dumps(manifest, sort_keys=True).encode())
    m["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
    m["platform"] = {"architecture": arch, "os": "linux"}
    return m


def main():
    root, tag, kind, salt = sys.argv[1:5]
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    if kind == "single":
        top = image(root, "amd64", salt)
        top.pop("platform")
    else:
        idx = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [image(root, "amd64", salt), image(root, "arm64", salt)],
        }
        top = blob(root, json.dumps(idx, sort_keys=True).encode())
        top["mediaType"] = "application/vnd.oci.image.index.v1+json"
    top["annotations"] = {"org.opencontainers.image.ref.name": tag}
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [top]}, f)
    print(top["digest"])


if __name__ == "__main__":
    main()
