"""The next step the window gives when a retry finds nothing to retry."""

from __future__ import annotations


def test_nothing_to_retry_next_step():
    from aos_designer.engine.errors import NothingToRetryError
    from aos_designer.gui.deploy.failures import expected, next_step

    error = NothingToRetryError("web", "CreateSucceeded")
    assert expected(error)
    assert next_step(error) == (
        "The last deployment succeeded; deploy a changed template with Deploy."
    )
