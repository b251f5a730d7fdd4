"""A second launch hands its files to the first window instead of opening another."""

from __future__ import annotations

from pathlib import Path

from reader.gui.single_instance import SingleInstance, server_name


def test_second_launch_forwards_files_to_first(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "lib")
    assert first.forward(["x"]) is False  # nobody listening yet: this launch is the first
    assert first.listen()
    try:
        second = SingleInstance(tmp_path / "lib")
        with qtbot.waitSignal(first.filesReceived) as blocker:
            assert second.forward([str(tmp_path / "a.txt"), "b.html"])
        received = blocker.args[0]
        assert received[0] == str((tmp_path / "a.txt").resolve())
        assert received[1].endswith("b.html") and Path(received[1]).is_absolute()
    finally:
        first.close()


def test_each_library_has_its_own_instance(tmp_path: Path) -> None:
    assert server_name(tmp_path / "one") != server_name(tmp_path / "two")
    assert server_name(tmp_path / "one") == server_name(tmp_path / "one")


def test_stale_socket_from_a_crash_is_recovered(qtbot, tmp_path: Path) -> None:
    crashed = SingleInstance(tmp_path / "lib")
    assert crashed.listen()
    # Simulate a crash: the server object dies without a clean close of the name.
    crashed._server.close()  # noqa: SLF001 - stands in for the process dying
    crashed._server = None  # noqa: SLF001
    again = SingleInstance(tmp_path / "lib")
    assert again.forward([]) is False
    assert again.listen()
    again.close()
