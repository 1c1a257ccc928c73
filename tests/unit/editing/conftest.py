"""Let pytest explain failed asserts inside the editing test helpers."""

import pytest

pytest.register_assert_rewrite("tests.unit.editing.helpers")
