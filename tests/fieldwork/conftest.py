from __future__ import annotations

import pytest

from tests.builders import in_progress_visit


@pytest.fixture
def live_visit(factory_, visitor):
    """The visitor's visit, in progress, with sections 5 and 12 on the agenda."""
    return in_progress_visit(lead_visitor=visitor, factory=factory_)
