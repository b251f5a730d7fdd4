"""One running window per library: a second launch hands its files to the first.

The first instance listens on a local socket (a named pipe on Windows, a Unix
socket elsewhere) whose name is derived from the user and the library folder.
A second launch connects, sends its file list as JSON, and exits; the first
instance imports and shows the files and raises its window. A socket left by a
crashed instance is removed (``QLocalServer.removeServer``) when nobody answers.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
IO_TIMEOUT_MS = 2000


def server_name(library_dir: str | Path) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in odd environments; the hash still separates libraries
        user = "user"
    digest = hashlib.sha1(f"{user}\0{Path(library_dir).resolve()}".encode()).hexdigest()[:16]
    return f"article-reader-{digest}"


class SingleInstance(QObject):
    """Owns the listening socket of the first instance."""

    filesReceived = Signal(list)  # list[str] of absolute paths; may be empty ("just show yourself")

    def __init__(self, library_dir: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(library_dir)
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def forward(self, files: list[str]) -> bool:
        """If another instance runs, send it ``files`` and return True."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        payload = json.dumps({"files": [str(Path(f).resolve()) for f in files]}).encode()
        sock.write(payload + b"\n")
        sock.flush()  # often writes everything at once; then there is nothing left to wait for
        ok = sock.bytesToWrite() == 0 or sock.waitForBytesWritten(IO_TIMEOUT_MS)
        sock.disconnectFromServer()
        return ok

    def listen(self) -> bool:
        """Become the first instance. Returns False if the socket could not be made."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A stale socket file from a crash: nobody answered forward(), so remove it.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(self._on_disconnected)

    def _on_ready_read(self) -> None:
        sock = self.sender()
        if sock in self._buffers:
            self._buffers[sock].extend(bytes(sock.readAll().data()))

    def _on_disconnected(self) -> None:
        # The client disconnects once it has written everything: deliver then.
        sock = self.sender()
        buf = self._buffers.pop(sock, None)
        if buf is not None:
            buf.extend(bytes(sock.readAll().data()))
            sock.deleteLater()
            if buf.endswith(b"\n"):
                self._deliver(bytes(buf))

    def _deliver(self, data: bytes) -> None:
        try:
            files = json.loads(data.decode("utf-8")).get("files", [])
        except (ValueError, UnicodeDecodeError, AttributeError):
            return  # not one of ours; ignore
        self.filesReceived.emit([str(f) for f in files if isinstance(f, str)])
