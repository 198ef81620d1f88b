#!/usr/bin/env python3
"""Writes an OCI image layout with gzip layers of random (incompressible) data, for bench/push.sh.

usage: make-image.py DIR TAG SEED SIZE_MB... ; the last layer uses SEED, the others fixed seeds,
so two images that differ only in SEED share every layer but the last.
"""
import gzip, hashlib, io, json, os, random, sys, tarfile

def blob(root, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(root, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)

def main():
    root, tag, seed, sizes = sys.argv[1], sys.argv[2], int(sys.argv[3]), [float(s) for s in sys.argv[4:]]
    os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
    layers, diff_ids = [], []
    for i, size in enumerate(sizes):
        rng = random.Random(seed if i == len(sizes) - 1 else 1000 + i)
        content = rng.randbytes(int(size * 1_000_000))
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w") as tar:
            info = tarfile.TarInfo(f"data/layer{i}.bin")
            info.size, info.mtime = len(content), 0
            tar.addfile(info, io.BytesIO(content))
        diff_ids.append("sha256:" + hashlib.sha256(raw.getvalue()).hexdigest())
        digest, length = blob(root, gzip.compress(raw.getvalue(), compresslevel=1, mtime=0))
        layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": length})
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    config_digest, config_size = blob(root, config)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
                           "layers": layers}).encode()
    manifest_digest, manifest_size = blob(root, manifest)
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                   "digest": manifest_digest, "size": manifest_size,
                   "annotations": {"org.opencontainers.image.ref.name": tag}}]}, f)
    with open(os.path.join(root, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    print(manifest_digest)

main()
