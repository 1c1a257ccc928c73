"""Git in the window: export with a preview of the commit, the template's history,
versions opened from Git, and the diagram coloured by a comparison.

`integration.GitIntegration` wires these to a main window. This file imports nothing,
so that listing the packages does not load Qt.
"""
