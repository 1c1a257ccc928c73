"""Editing on the diagram: the palette, ports and connections, delete, rename, copy
and paste, alignment, the minimap, find, nesting, the inspector's forms, and one
undo history for the diagram and the text."""
