"""The rules for the paths of a version's files, as the app has them (src/lib/registry/file-paths.ts).

A path names a place inside the version's folder and is written out as one, so it can never name a
place outside it, and two files can never claim one place.
"""
import re

MAX_FILES = 10_000
MAX_PATH_CHARS = 1_024
MAX_NAME_CHARS = 255
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DRIVE = re.compile(r"[A-Za-z]:")


def path_problem(path):
    """Why `path` is not a relative path inside a folder, or None when it is one."""
    if not isinstance(path, str):
        return "must be text"
    if path == "":
        return "must not be empty."
    if len(path) > MAX_PATH_CHARS:
        return f"must be at most {MAX_PATH_CHARS:,} characters."
    if CONTROL.search(path):
        return "must not contain control characters."
    if "\\" in path:
        return 'must separate folders with "/", not "\\".'
    if path.startswith("/") or DRIVE.match(path):
        return 'must be relative (no leading "/" or drive letter).'
    for name in path.split("/"):
        if name == "":
            return 'must not have an empty folder name ("//" or a trailing "/").'
        if name in (".", ".."):
            return 'must not contain "." or ".." as a folder name.'
        if len(name) > MAX_NAME_CHARS:
            return f'must have names of at most {MAX_NAME_CHARS} characters between "/".'
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # a file name on disk that is not UTF-8
        return "must be valid Unicode (the file's name is not UTF-8; rename it)."
    return None


def paths_problem(paths):
    """Checks a version's paths together: each by path_problem, no two alike, no file where a folder is.

    Returns (index, rule, sentence) for the first broken rule, or None. `rule` is ``max-files`` (index
    None), ``file-path``, ``duplicate-path`` or ``file-is-folder``, as the app names them.
    """
    if len(paths) > MAX_FILES:
        return None, "max-files", f"must hold at most {MAX_FILES:,} files."
    seen = {}
    for i, path in enumerate(paths):
        problem = path_problem(path)
        if problem:
            return i, "file-path", problem
        if path in seen:
            return i, "duplicate-path", f'"{path}" is also the path of file {seen[path] + 1}.'
        seen[path] = i
    for i, path in enumerate(paths):
        parts = path.split("/")
        for end in range(1, len(parts)):
            folder = "/".join(parts[:end])
            if folder in seen:
                return (i, "file-is-folder",
                        f'"{path}" is inside "{folder}", which is a file (file {seen[folder] + 1}).')
    return None


def safe_file_name(name, fallback):
    """A format-1 file name made fit to be a path of one name, as the app migrates it.

    Control characters become "_", and a name a drive letter could start is kept behind "_"; only a
    name with nothing left becomes `fallback`.
    """
    cleaned = CONTROL.sub("_", name)[:MAX_NAME_CHARS]
    if cleaned.strip() == "" or cleaned in (".", ".."):
        return fallback
    return f"_{cleaned}"[:MAX_NAME_CHARS] if DRIVE.match(cleaned) else cleaned


def app_order(path):
    """The order the app keeps files in: JavaScript's string order, by UTF-16 code unit."""
    return path.encode("utf-16-be", "surrogatepass")
