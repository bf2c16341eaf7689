"""Format 3's manifest.jsonl: read a line at a time, each error naming its line and the rule."""
import io
import json

import pytest

from model_registry import BundleError, read_bundle, rules, write_bundle
from model_registry.manifest_lines import read_lines
from helpers import raw_bundle

AT = "2026-11-26T12:00:00.000Z"
HEADER = {"format": "model-registry-bundle", "formatVersion": 3, "exportedAt": AT, "generator": "test"}


def model(name, **fields):
    return {"model": {"name": name, **fields}}


def version(number, **fields):
    return {"version": {"version": number, **fields}}


def event(kind, number=None):
    return {"event": {"at": AT, "kind": kind, **({"version": number} if number else {})}}


def jsonl(*lines):
    """Values as JSON, text as it is, each line ended by a newline."""
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def read(tmp_path, text):
    return read_bundle(raw_bundle(tmp_path / "b.zip", text, manifest_name="manifest.jsonl"))


def test_reads_crlf_a_byte_order_mark_and_no_final_newline(tmp_path):
    text = "\ufeff" + jsonl(HEADER, model("m"), version("1.0.0"), event("version.registered", "1.0.0"))
    bundle = read(tmp_path, text.replace("\n", "\r\n").rstrip("\r\n"))
    assert bundle.format_version == 3 and bundle.generator == "test"
    assert [v.version for v in bundle.model("m").versions] == ["1.0.0"]
    assert bundle.model("m").history == [{"at": AT, "kind": "version.registered", "version": "1.0.0"}]


def test_no_cap_on_the_whole_only_on_each_line(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "MAX_MANIFEST_BYTES", 4096)
    versions = [version(f"1.0.{i}", description="v" * 20) for i in range(300)]
    text = jsonl(HEADER, model("m"), *versions)
    assert len(text) > 4 * 4096
    assert len(read(tmp_path, text).model("m").versions) == 300
    # The same manifest as one manifest.json document is refused at that cap.
    document = {**HEADER, "formatVersion": 2, "models": [{"name": "m", "versions": [v["version"] for v in versions]}]}
    raw_bundle(tmp_path / "two.zip", document)
    refusal = r"^manifest\.json is \d+,\d+ bytes; the most a bundle's manifest may be is 4,096 bytes\.$"
    with pytest.raises(BundleError, match=refusal):
        read_bundle(tmp_path / "two.zip")


class LineByLine(io.BytesIO):
    """A file that can only be read by lines of a bounded size: read() fails the test."""

    def __init__(self, data):
        super().__init__(data)
        self.limits = []

    def readline(self, size=-1):
        self.limits.append(size)
        return super().readline(size)

    def read(self, size=-1):
        raise AssertionError("manifest.jsonl was read other than a line at a time")


def test_reads_a_line_at_a_time_never_more_than_the_cap():
    f = LineByLine(jsonl(HEADER, model("m"), version("1.0.0")).encode())
    manifest, _ = read_lines(f, max_line_bytes=1000)
    assert [m["name"] for m in manifest["models"]] == ["m"]
    assert set(f.limits) == {1001}


def test_a_line_over_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "MAX_LINE_BYTES", 150)
    refusal = r"^manifest\.jsonl line 3 is longer than 150 bytes, the most one line may be\.$"
    with pytest.raises(BundleError, match=refusal):
        read(tmp_path, jsonl(HEADER, model("m"), version("1.0.0", description="d" * 150)))


@pytest.mark.parametrize("text, message", [
    ("", 'manifest.jsonl is empty; its line 1 must be the header, {"format": "model-registry-bundle", '
         '"formatVersion": 3, …}.'),
    (jsonl(model("m")), 'manifest.jsonl line 1: the first line must be the header, {"format": '
                        '"model-registry-bundle", "formatVersion": 3, …}, not a model line.'),
    (jsonl(HEADER, model("m"), HEADER), "manifest.jsonl line 3: a header line; the header is line 1, and only line 1."),
    (jsonl(HEADER, model("m"), {"artifact": {}}),
     'manifest.jsonl line 3: a line must be {"model": …}, {"version": …} or {"event": …}, not an object with '
     'the keys "artifact".'),
    (jsonl(HEADER, version("1.0.0"), model("m")), "manifest.jsonl line 2: a version line must follow a model line."),
    (jsonl(HEADER, event("x")), "manifest.jsonl line 2: an event line must follow a model line."),
    (jsonl(HEADER, model("m"), version("1.0.0"), event("x"), version("1.1.0")),
     "manifest.jsonl line 5: a version line must come before its model's event lines (the model on line 2 has "
     "one on line 4)."),
    (jsonl(HEADER, {"model": {"name": "m", "versions": []}}),
     "manifest.jsonl line 2: model.versions is not a field of a model line; a model's versions are the version "
     "lines after it."),
    (jsonl(HEADER | {"models": []}), "manifest.jsonl line 1: models is not a field of the header (allowed: "
                                     "format, formatVersion, exportedAt, generator); models, versions and events "
                                     "are lines of their own."),
    (jsonl(HEADER, "[1, 2]"), "manifest.jsonl line 2 is an array, not a JSON object."),
    (jsonl(HEADER, model("m"), "", version("1.0.0")),
     "manifest.jsonl line 3 is blank; every line holds one JSON object (only a newline at the end of the last "
     "line may follow it)."),
    (jsonl(HEADER | {"format": "something-else"}),
     'This is not a model registry bundle: manifest.jsonl line 1 has format "something-else", not '
     '"model-registry-bundle".'),
    (jsonl(HEADER | {"formatVersion": 4}),
     "This bundle was made by a newer version of the app (format 4); this package reads formats up to 3. "
     "Update the package to read it."),
    (jsonl(HEADER | {"formatVersion": 2}),
     "manifest.jsonl line 1: formatVersion is 2, but formats 1 and 2 keep their manifest in manifest.json, one "
     "JSON document; manifest.jsonl holds format 3."),
    # Field errors name the line, and the field within it.
    (jsonl(HEADER, model("m"), version("1.0.0"), version("1.1.0", metrics={"accuracy": "high"})),
     "manifest.jsonl line 4: version.metrics.accuracy: must be a finite number, not a string."),
    (jsonl(HEADER, model("m", colour="red")), None),
    (jsonl(HEADER, model("m"), model("n"), model("m")),
     "manifest.jsonl line 4: model.name: m appears more than once in the bundle."),
    (jsonl(HEADER, model("m"), version("1.0.0", stage="production"), version("1.1.0", stage="production")),
     "manifest.jsonl, the version lines of the model on line 2: 1.0.0 and 1.1.0 are all in production; a model "
     "has at most one production version."),
    (jsonl(HEADER, model("m"), event("x"), {"event": {"at": "yesterday", "kind": "y"}}),
     'manifest.jsonl line 4: event.at: "yesterday" is not a timestamp such as 2026-11-26T10:00:00.000Z.'),
])
def test_line_errors_name_the_line_and_the_rule(tmp_path, text, message):
    with pytest.raises(BundleError) as refused:
        read(tmp_path, text)
    if message is None:
        assert str(refused.value).startswith("manifest.jsonl line 2: model.colour: is not a field of the bundle format")
    else:
        assert str(refused.value) == message


@pytest.mark.parametrize("data, message", [
    (jsonl(HEADER, model("m")).encode() + b'{"version": {"version": "1.0.0"\n',
     r"^manifest\.jsonl line 3 is not valid JSON: "),
    (jsonl(HEADER, model("m")).encode() + b"\xff\n", r"^manifest\.jsonl line 3 is not valid UTF-8 text\.$"),
    (jsonl(HEADER, model("m")).encode() + b'{"version": {"version": "1.0.0", "x": NaN}}\n',
     r"^manifest\.jsonl line 3 is not valid JSON: NaN is not a JSON value\.$"),
])
def test_lines_that_are_not_json(tmp_path, data, message):
    with pytest.raises(BundleError, match=message):
        read(tmp_path, data)


def test_counts_beyond_the_bounds(monkeypatch):
    lines = jsonl(HEADER, model("m"), version("1.0.0"), version("1.1.0"), event("x"), event("y")).encode()
    with pytest.raises(BundleError, match=r"^manifest\.jsonl line 4: the bundle holds more than 1 versions"):
        read_lines(io.BytesIO(lines), max_versions=1)
    with pytest.raises(BundleError, match=r"^manifest\.jsonl line 6: the bundle holds more than 1 history events"):
        read_lines(io.BytesIO(lines), max_events=1)
    with pytest.raises(BundleError, match=r"^manifest\.jsonl line 3: the bundle holds more than 1 models"):
        read_lines(io.BytesIO(jsonl(HEADER, model("a"), model("b")).encode()), max_models=1)


def test_a_bundle_with_both_manifests(tmp_path):
    raw_bundle(tmp_path / "b.zip", jsonl(HEADER), {"manifest.json": "{}"}, manifest_name="manifest.jsonl")
    with pytest.raises(BundleError, match=r"^The bundle holds both manifest\.jsonl and manifest\.json; a bundle has "
                                          r"one manifest"):
        read_bundle(tmp_path / "b.zip")


def test_the_writer_refuses_a_line_no_reader_accepts(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "MAX_LINE_BYTES", 1024 * 1024)
    with pytest.raises(BundleError, match=r"^Version 1\.0\.0 of m takes 1\.\d MiB as a line of manifest\.jsonl; "
                                          r"a line may be at most 1 MiB, so no bundle can carry it\.$"):
        write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [
            {"version": "1.0.0", "tags": {f"t{i}": "x" * 4000 for i in range(300)}}]}])
    assert list(tmp_path.iterdir()) == []


def test_many_versions_round_trip(tmp_path):
    versions = [{"version": f"1.{i // 1000}.{i % 1000}", "metrics": {"accuracy": i / 5000}} for i in range(5000)]
    write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": versions}], exported_at=AT)
    bundle = read_bundle(tmp_path / "b.zip")
    assert [v.version for v in bundle.model("m").versions] == [v["version"] for v in versions]
    assert bundle.model("m").version("1.4.999").metrics == {"accuracy": 4999 / 5000}

