"""The diagram: a node per resource and an arrow per dependency."""
