"""Big files are hashed and copied in chunks, and their entries are zip64-ready."""
import builtins
import struct
import zipfile

import model_registry.writer as writer
from model_registry import read_bundle, write_bundle

ZIP64_EXTRA = 0x0001


class Spy:
    """Wraps open() to record the largest read a caller asked for."""

    def __init__(self):
        self.largest = 0

    def open(self, *args, **kwargs):
        f = builtins.open(*args, **kwargs)
        spy, read = self, f.read

        def chunked_read(size=-1):
            spy.largest = max(spy.largest, float("inf") if size is None or size < 0 else size)
            return read(size)
        f.read = chunked_read
        return f


def test_big_files_are_read_in_chunks(tmp_path, monkeypatch):
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        for i in range(40):
            f.write(bytes([i]) * 65536)
    spy = Spy()
    monkeypatch.setattr(writer, "CHUNK_BYTES", 65536)
    monkeypatch.setattr(writer, "open", spy.open, raising=False)
    write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [{"version": "1.0.0", "files": {"big.bin": big}}]}])
    assert spy.largest == 65536  # never the whole 2.5 MiB file at once
    file, = read_bundle(tmp_path / "b.zip").models[0].versions[0].files
    assert file.size == big.stat().st_size
    with file.open() as f:
        assert f.read(65536) == bytes([0]) * 65536


def test_artifact_entries_carry_a_zip64_header(tmp_path):
    """Written with force_zip64, so a file of 4 GiB or more never needs a header rewritten afterwards."""
    write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [{"version": "1.0.0", "files": {"a": b"x"}}]}])
    data = (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        info = zf.infolist()[1]
    at = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[at + 26:at + 30])
    extra = data[at + 30 + name_length:at + 30 + name_length + extra_length]
    ids = []
    while extra:
        header_id, size = struct.unpack("<HH", extra[:4])
        ids.append(header_id)
        extra = extra[4 + size:]
    assert ZIP64_EXTRA in ids
