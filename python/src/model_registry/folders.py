"""A model folder on disk as a version's files: every file by its path inside the folder."""
import os
import pathlib
import warnings

from .errors import BundleError
from .file_paths import app_order

DEFAULT_MEDIA_TYPE = "application/octet-stream"
# A fixed table rather than the mimetypes module, whose answers depend on the machine and the Python
# version: the same folder gives the same bundle everywhere. Anything else is plain bytes.
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".md": "text/markdown",
    ".py": "text/x-python",
    ".toml": "application/toml",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}


def media_type(path):
    """The mediaType written for a file: by its extension (MEDIA_TYPES), else application/octet-stream."""
    return MEDIA_TYPES.get(os.path.splitext(path.rsplit("/", 1)[-1])[1].lower(), DEFAULT_MEDIA_TYPE)


def _inside(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # on another drive
        return False


def folder_files(folder):
    """Every file under `folder` as (relative path with "/", local Path), in the app's path order.

    Nothing is left out silently: hidden files are included, a symbolic link is followed when it points
    inside the folder and refused when it points outside it (or nowhere), and anything that is neither a
    file nor a folder is refused. Empty folders cannot be carried (a bundle holds files only), so each
    one is named in a warning.
    """
    root = pathlib.Path(folder)
    if not root.is_dir():
        raise BundleError(f"{folder} is not a folder")
    real_root = os.path.realpath(root)
    found, empty = [], []

    def walk(directory, parts, real_ancestors):
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        if not entries and parts:
            empty.append("/".join(parts) + "/")
        for entry in entries:
            rel = "/".join(parts + [entry.name])
            local = os.path.join(directory, entry.name)
            real = os.path.realpath(local)
            if entry.is_symlink():
                if not _inside(real, real_root):
                    raise BundleError(f"{folder}: {rel} is a symbolic link to {real}, outside the folder; "
                                      "copy what it points to into the folder, or remove the link")
                if not os.path.exists(real):
                    raise BundleError(f"{folder}: {rel} is a symbolic link to {real}, which does not exist")
            if entry.is_dir():  # follows a link, which points inside the folder by now
                if real in real_ancestors:
                    raise BundleError(f"{folder}: {rel} is a symbolic link to a folder that contains it, "
                                      "so the folder has no end")
                walk(local, parts + [entry.name], real_ancestors | {real})
            elif entry.is_file():
                found.append((rel, pathlib.Path(local)))
            else:
                raise BundleError(f"{folder}: {rel} is neither a file nor a folder (a pipe, socket or "
                                  "device); a bundle holds files only")

    walk(root, [], {real_root})
    if empty:
        warnings.warn(f"{folder}: empty folders are left out, as a bundle holds files only: "
                      f"{', '.join(empty)}", stacklevel=3)
    if not found:
        raise BundleError(f"{folder} holds no files; leave the folder out for a version without files")
    return sorted(found, key=lambda item: app_order(item[0]))
