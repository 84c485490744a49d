"""Storages for the tests: a full disk (every write fails as the kernel reports it, ENOSPC: a
tmpfs or a quota would need more rights than the tests have; the failure Pilote must handle is
this very exception), and a storage that is not a local disk (no `path()`, as S3)."""

import errno
import os

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path(name))


class RemoteStorage(Storage):
    """Files kept elsewhere than on this machine's disk, as S3 keeps them: bytes by name, no
    local path (`path()` is not implemented, as for S3)."""

    files: dict[str, bytes] = {}

    def _save(self, name, content):
        self.files[name] = content.read()
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self.files[name], name=name)

    def exists(self, name):
        return name in self.files

    def delete(self, name):
        self.files.pop(name, None)

    def size(self, name):
        return len(self.files[name])
