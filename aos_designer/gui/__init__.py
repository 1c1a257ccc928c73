"""The window: everything that imports Qt lives in this package and nowhere else.

`app.run_window` starts the program. `window.MainWindow` composes the diagram
(`canvas`), the YAML editor (`editor`), the problems list, the inspector and the
deployment panel, and keeps them in step with the text.
"""
