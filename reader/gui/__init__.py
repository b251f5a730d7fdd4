"""The Qt shell: the only package that imports QtWidgets."""

from reader.gui._none_guard import protect_none

protect_none()  # PySide6 6.12.0 on Python 3.11 drops a reference to None per void call
