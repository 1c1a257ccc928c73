"""Deployment in the window: the deploy dialog with its inputs form and plan preview,
the deployment panel, and the controller that runs the built-in engine or a remote
endpoint on worker threads and shows their progress on the diagram.

The modules without Qt (`texts`, `estimate`, `tracker`, `targets`) contain the logic.
The widgets (`inputs_form`, `dialog`, `panel`, `events_model`, `prompts`) show it. The
controller (`controller`, `operations`) connects the two and owns the worker threads
(`jobs`).
"""
