"""The inspector as an editor: a form for the selected resource generated from its
type's schema, and editors for the template's inputs, outputs, mappings and
conditions. Every change is one text edit, and one undo step."""
