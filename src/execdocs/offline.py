"""No network for a block: the build machine has none, so a block that reaches for another
machine (a dataset download, ``torch.hub``, an HTTP request) fails the build at its line, on
an author's machine as in CI.

`install` runs in a block's process (`execdocs.block.run_here`) before any of its code. It
wraps ``socket.socket.connect`` and ``connect_ex`` and the resolver (``socket.getaddrinfo``,
``gethostbyname``, ``gethostbyname_ex``), so that no connection and no DNS query leaves the
machine: an AF_INET or AF_INET6 destination other than this machine (127.0.0.0/8, ::1,
``localhost``) is refused; AF_UNIX sockets and loopback are left alone. A refusal raises
`NoNetwork`, a ``BaseException`` like the runner's timeout: library code's ``except OSError``
or ``except Exception`` retry loops (scikit-learn's fetchers retry a ``URLError`` after a
delay) neither swallow it nor wait. Every refusal is also recorded (`first_attempt`), so a block
that catches it anyway (a bare ``except BaseException``) still fails.

`DATA_HOMES` are the environment variables that say where scikit-learn, torch and Hugging Face
keep downloaded data; the runner points them at an empty folder of the block's own, so a
dataset an author's machine downloaded once fails there too instead of only in CI.

Not seen: code that opens sockets from C without Python's ``socket`` module.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any

DATA_HOMES = ("SCIKIT_LEARN_DATA", "TORCH_HOME", "HF_HOME")
"""Where downloaded datasets and models are cached; a block sees an empty folder in each."""

LOCAL_NAMES = frozenset({"", "localhost", "localhost.localdomain", "ip6-localhost"})

_INET = (socket.AF_INET, socket.AF_INET6)

# the originals, as this module found them (the warm parent imports it before any block runs)
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
_gethostbyname = socket.gethostbyname
_gethostbyname_ex = socket.gethostbyname_ex

_attempts: list[tuple[str, int]] = []  # (host:port, line of the block), in order
_filename = ""  # the block's code file name (``<block NAME>``), to find its line


class NoNetwork(BaseException):
    """Raised in a block that tries to reach another machine (a BaseException: ``except
    Exception`` in the block or a library cannot swallow it)."""

    def __init__(self, where: str) -> None:
        super().__init__(f"no network: the build may not reach {where}")
        self.where = where


def refusal(where: str, caught: bool = False) -> str:
    """What the build says about a block that tried to reach ``where`` (and ``caught`` the
    refusal, or turned it into another error)."""
    tried = f"the block tried to reach {where}" + (" (and caught the refusal)" if caught else "")
    return (
        f"{tried}; the build has no network, so a page may only use data that ships with an "
        "installed package (such as sklearn.datasets.load_digits)"
    )


def is_local(host: Any) -> bool:
    """Whether ``host`` (a name or an address, as a socket call takes it) is this machine."""
    if host is None:
        return True
    if isinstance(host, bytes | bytearray):
        host = bytes(host).decode("ascii", "replace")
    name = str(host).strip("[]").split("%", 1)[0].rstrip(".").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    address = mapped or address
    return address.is_loopback or address.is_unspecified


def _refuse(host: Any, port: Any) -> None:
    where = f"{host}:{port}" if port not in (None, "", 0) else str(host)
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename != _filename:
        frame = frame.f_back
    _attempts.append((where, frame.f_lineno if frame is not None else 0))
    raise NoNetwork(where)


def _check(family: int, address: Any) -> None:
    inet = family in _INET and isinstance(address, tuple) and len(address) >= 2
    if inet and not is_local(address[0]):
        _refuse(address[0], address[1])


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(self.family, address)
    return _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(self.family, address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list:
    if not is_local(host):
        _refuse(host, port)
    return _getaddrinfo(host, port, *args, **kwargs)


def _guarded_gethostbyname(host: Any) -> str:
    if not is_local(host):
        _refuse(host, None)
    return _gethostbyname(host)


def _guarded_gethostbyname_ex(host: Any) -> tuple:
    if not is_local(host):
        _refuse(host, None)
    return _gethostbyname_ex(host)


def install(filename: str) -> None:
    """Refuse every connection and name lookup beyond this machine in this process, from now
    on (a block's process: it ends with its block). ``filename`` is the block's code file name,
    so an attempt is recorded with the block's line."""
    global _filename
    _filename = filename
    _attempts.clear()
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo
    socket.gethostbyname = _guarded_gethostbyname
    socket.gethostbyname_ex = _guarded_gethostbyname_ex


def first_attempt() -> tuple[str, int] | None:
    """The first destination this process was refused, with the block's line then (0 if the
    call came from no line of the block), or None."""
    return _attempts[0] if _attempts else None
