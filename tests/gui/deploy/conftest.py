"""Fixtures for deployment in the window: private settings, the real AOS server
(from tests/support/server.py) with a saved profile for it, and helpers that drive
the deploy dialog as a person would."""

from __future__ import annotations

from typing import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from aos_designer.gui.deploy.dialog import DeployDialog
from aos_designer.gui.window import MainWindow
from aos_designer.remote.profiles import Profile, ProfileStore
from aos_designer.server.app import ServerContext

IAAS = "iaas-vpc-subnet-ecs.yaml"
IAAS_MISSING = ("sshKey-name", "mycloudserver_rootVolume_volumeType")
# Long enough for a deployment at time scale 0 on a loaded machine, in milliseconds.
DEPLOY_TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def use_private_settings(private_settings: None) -> None:
    """Give every test here the private settings of `private_settings`."""


@pytest.fixture
def profile(server: tuple[ServerContext, str]) -> Profile:
    """A saved token profile named `sandbox` for the server; its token is in no
    keyring, so the window asks for it."""
    _, url = server
    saved = Profile(name="sandbox", url=url, region="cn-north-1", project_id="p-gui")
    ProfileStore().save(saved)
    return saved


@pytest.fixture
def open_deploy(qtbot) -> Callable[[MainWindow], DeployDialog]:
    """Return a function that clicks Deploy on a window's toolbar and returns the
    deploy dialog once it has listed the target's stacks."""

    def press(window: MainWindow) -> DeployDialog:
        toolbar = window.findChild(QToolBar, "mainToolBar")
        button = toolbar.widgetForAction(window.actions.deploy)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.deployment.dialog is not None, timeout=5000)
        dialog = window.deployment.dialog
        qtbot.waitUntil(lambda: not window.deployment.jobs.busy(), timeout=10_000)
        return dialog

    return press


@pytest.fixture
def type_into(qtbot) -> Callable[[object, str], None]:
    """Return a function that replaces a line edit's text by typing."""

    def type_text(editor, text: str) -> None:
        editor.setFocus()
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        if text:
            qtbot.keyClicks(editor, text)

    return type_text


@pytest.fixture
def fill_iaas(qtbot, type_into) -> Callable[..., None]:
    """Return a function that fills the deploy dialog for the IaaS template: stack
    name and the two inputs without defaults."""

    def fill(
        dialog: DeployDialog,
        stack: str = "demo",
        key: str = "demo-key",
        volume: str = "SSD",
    ) -> None:
        type_into(dialog.stack_combo.lineEdit(), stack)
        type_into(dialog.form.fields["sshKey-name"].editor, key)
        type_into(
            dialog.form.fields["mycloudserver_rootVolume_volumeType"].editor, volume
        )

    return fill


@pytest.fixture
def confirm(qtbot) -> Callable[[MainWindow, DeployDialog], None]:
    """Return a function that waits for the dialog's Deploy button, clicks it and
    waits until the operation ends."""

    def click(
        window: MainWindow, dialog: DeployDialog, timeout: int = DEPLOY_TIMEOUT_MS
    ):
        qtbot.waitUntil(dialog.deploy_button.isEnabled, timeout=10_000)
        with qtbot.waitSignal(window.deployment.operations.finished, timeout=timeout):
            qtbot.mouseClick(dialog.deploy_button, Qt.MouseButton.LeftButton)

    return click


@pytest.fixture
def deploy_iaas(open_deploy, fill_iaas, confirm):
    """Return a function that deploys the open IaaS template to a stack."""

    def deploy(window: MainWindow, stack: str = "demo") -> None:
        dialog = open_deploy(window)
        fill_iaas(dialog, stack)
        confirm(window, dialog)

    return deploy
