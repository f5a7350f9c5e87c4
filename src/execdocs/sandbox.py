"""Kernel-enforced confinement of a block's process (Linux Landlock), applied in the forked
child after its set-up and before the block's code.

What a confined block can do: read anything its user can (the interpreter, site-packages, the
project's sources, snippets and data); write, create, rename or delete only beneath its own
temporary folder (``TMPDIR`` points there), ``/dev/null`` and ``/dev/shm``. Where the kernel
has the rules for it, it can neither open nor accept a TCP connection (Landlock ABI 4: the
kernel rule covers ports, not addresses, so loopback is refused too) nor send a signal to a
process outside its own tree, such as the warm parent or the build (ABI 6). A refusal is an
``EACCES``/``EPERM`` in the block at the line that tried; the runner reports it as a
``Sandbox`` failure naming what was tried.

The syscalls are called through ctypes: PyPI's ``landlock`` binding has only development
releases (1.0.0.devN), and the three calls and two structures below are the whole interface
(see ``man 7 landlock``).
"""

from __future__ import annotations

import ctypes
import os
import platform
from dataclasses import dataclass
from functools import cache

# syscall numbers (the same on x86_64 and aarch64; Landlock has its own, not per-arch, range)
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_VERSION = 1  # LANDLOCK_CREATE_RULESET_VERSION
_PATH_BENEATH = 1  # LANDLOCK_RULE_PATH_BENEATH
_PR_SET_NO_NEW_PRIVS = 38

# LANDLOCK_ACCESS_FS_*: every right that changes the file system (reads stay unhandled, so
# they are allowed everywhere), and the ABI that brought each
_WRITE_FILE, _REMOVE_DIR, _REMOVE_FILE = 1 << 1, 1 << 4, 1 << 5
_MAKE = sum(1 << bit for bit in range(6, 13))  # char, dir, reg, sock, fifo, block, sym
_REFER, _TRUNCATE = 1 << 13, 1 << 14  # ABI 2, ABI 3
_FILE_ONLY = _WRITE_FILE | _TRUNCATE  # the rights a rule on a single file may grant
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1  # ABI 4
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6

WRITABLE = ("/dev/null", "/dev/shm")
"""Written by libraries on their own (a discarded stream; torch's shared memory)."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_LIBC = ctypes.CDLL(None, use_errno=True)
_LIBC.syscall.restype = ctypes.c_long


class SandboxUnavailable(RuntimeError):
    """The kernel refused to confine the process (``strict_sandbox`` makes this an error)."""


@cache
def abi() -> int:
    """The kernel's Landlock ABI version, 0 where there is none (old kernel, not Linux,
    Landlock disabled at boot)."""
    if platform.system() != "Linux":
        return 0
    version = _LIBC.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION))
    return max(int(version), 0)


@dataclass(frozen=True)
class Protections:
    """What confines a block on this machine."""

    abi: int

    @property
    def files(self) -> bool:
        return self.abi >= 1

    @property
    def network(self) -> bool:
        return self.abi >= 4

    @property
    def signals(self) -> bool:
        return self.abi >= 6

    def describe(self) -> str:
        """One line for the build log and the build report."""
        if not self.files:
            return (
                "none: this kernel has no Landlock (Linux 5.13 or later, enabled at boot), so "
                "a block can write any file its user can; the network is guarded in Python only"
            )
        have = [name for name, on in self._parts() if on]
        lacks = [name for name, on in self._parts() if not on]
        line = f"{', '.join(have)}: Landlock ABI {self.abi}"
        if lacks:
            needs = {"network": "ABI 4", "signals": "ABI 6"}
            line += "; kernel lacks " + ", ".join(f"{n} ({needs[n]})" for n in lacks)
        return line

    def _parts(self) -> list[tuple[str, bool]]:
        return [("files", self.files), ("network", self.network), ("signals", self.signals)]


def protections() -> Protections:
    return Protections(abi())


def _fs_rights(version: int) -> int:
    rights = _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE
    if version >= 2:
        rights |= _REFER
    if version >= 3:
        rights |= _TRUNCATE
    return rights


def _check(result: int, what: str) -> int:
    if result < 0:
        error = ctypes.get_errno()
        raise SandboxUnavailable(f"{what}: {os.strerror(error)}")
    return result


def confine(folder: str, *more: str) -> Protections:
    """Confine this process (and everything it starts) to writing beneath ``folder`` (and
    ``more``); return what is enforced. Without Landlock, nothing is, and that is returned (the
    caller says so)."""
    found = protections()
    if not found.files:
        return found
    fs = _fs_rights(found.abi)
    attr = _RulesetAttr(
        fs,
        (_NET_BIND_TCP | _NET_CONNECT_TCP) if found.network else 0,
        (_SCOPE_SIGNAL | _SCOPE_ABSTRACT_UNIX) if found.signals else 0,
    )
    # older kernels reject a structure larger than the one they know: pass only their fields
    size = 8 if found.abi < 4 else (16 if found.abi < 6 else ctypes.sizeof(attr))
    ruleset = _check(
        _LIBC.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0),
        "landlock_create_ruleset",
    )
    try:
        for path in (folder, *more, *WRITABLE):
            if not os.path.exists(path):
                continue
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                rights = fs if os.path.isdir(path) else fs & _FILE_ONLY
                rule = _PathBeneath(rights, fd)
                _check(
                    _LIBC.syscall(_ADD_RULE, ruleset, _PATH_BENEATH, ctypes.byref(rule), 0),
                    f"landlock_add_rule({path})",
                )
            finally:
                os.close(fd)
        _check(_LIBC.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
        _check(_LIBC.syscall(_RESTRICT_SELF, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return found
