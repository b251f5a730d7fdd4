"""The Qt shell: the only package that imports QtWidgets."""
