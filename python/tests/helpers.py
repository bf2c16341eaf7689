"""Small builders shared by the tests."""
import json
import zipfile


def raw_bundle(path, manifest, entries=None, *, manifest_name="manifest.json"):
    """A zip written by hand, so a test can break any rule: `entries` is name -> bytes."""
    with zipfile.ZipFile(path, "w") as zf:
        if manifest is not None:
            text = manifest if isinstance(manifest, (str, bytes)) else json.dumps(manifest)
            zf.writestr(manifest_name, text, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (entries or {}).items():
            zf.writestr(name, data)
    return path


def manifest(*models, version=2):
    return {"format": "model-registry-bundle", "formatVersion": version, "models": list(models)}
