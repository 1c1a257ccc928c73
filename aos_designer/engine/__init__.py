"""The embedded orchestration engine and the simulated Huawei Cloud.

The engine deploys an AOS template as a named stack, in AOS's own terms: inputs,
outputs, stack and resource phases (`Creating`, `CreateSucceeded`, `Rollbacking`...),
events and a failure strategy. Its state lives in one SQLite database under a state
folder, together with the simulated cloud's resources.

Use::

    from aos_designer.engine import Engine, DeployOptions, EngineEvent, MissingInputsError

    engine = Engine(state_dir, on_event=callback)   # thread safe; recovers crashes
    engine.missing_inputs(template, given)      # -> input names, in template order
    plan = engine.plan(template, "demo", inputs, region=None)    # -> Plan with .items
    result = engine.deploy(template, "demo", inputs, options=DeployOptions(...),
                           on_event=callback, cancel=threading.Event(), plan=plan)
    result = engine.delete("demo", keep_resources=False, on_event=callback, cancel=...)
    engine.retry("demo", inputs={"db-password": ...}); engine.cancel("demo")
    engine.stacks(); engine.stack("demo"); engine.outputs("demo"); engine.events("demo")
    engine.resources("demo"); engine.drift("demo"); engine.template_text("demo")
    engine.sandbox_list(); engine.sandbox_set(physical_id, {"name": "x"})
    engine.wait_for_recovery("demo"); engine.recovering(); engine.recover()
    engine.close()                              # waits for the recoveries it started

- `template` is an `aos_designer.template.Template`; each deployment stores its text.
- A plan item's `changes` hold a `KnownAfterApply` for each value that reads an
  attribute the deployment changes first (of a resource added, replaced or updated).
- `inputs` maps input names to values; text is converted to each input's type, and a
  bad value raises `InputValueError` naming the input. A missing value raises
  `MissingInputsError` (with `.names`) before anything is created.
- `plan` and `deploy` check each resource to create or change against the
  provider's rules with the values known at plan time, and the whole plan against
  what the cloud contains (names already taken, quotas), and raise `RulesError`
  (with `.problems`, a `PlanProblem` per broken rule) before anything is created.
- `on_event` is called from engine threads with an `EngineEvent` for every change of
  the stack or a resource; no engine lock is held during the call, and an error it
  raises is logged and ignored. Keep it cheap: post the event to your own thread.
- `cancel` (or `engine.cancel(stack)` from any thread or process) lets the operations
  in flight finish and starts nothing new.
- `deploy` returns a `DeployResult`; `succeeded` is true only when the stack reached
  its target phase. A failure rolls back by default (`on_failure="rollback"`), or
  leaves the stack as it is (`"keep"`).
- Values of `secret` and `password` inputs, and of inputs marked `invisible`, never
  appear in events, logs, plans, outputs or the stored inputs; `retry` needs them
  again.
- One operation per stack at a time: a second one raises `StackBusyError`. A lock
  whose owner process has died is taken over.
- Crash recovery (see `recovery`): opening the engine finds the operations whose
  process died and finishes each in a background thread that holds the stack's lock,
  as the deployment's failure strategy says. Under `rollback` an interrupted create
  or upgrade is rolled back, an interrupted rollback or deletion continues, and under
  `keep` the stack is left failed for `deploy` or `retry` to resume. `on_event` of
  the constructor gets the recoveries' events. `deploy`, `retry`, `delete` and `plan`
  of a stack wait for its recovery; queries do not, and `wait_for_recovery` waits.
  `close()` waits for the recoveries too; `close(wait=False)` pauses them, and the
  next start continues them.
"""

from .engine import Engine, check_stack_name
from .errors import (
    EngineError,
    InputsFileError,
    InputValueError,
    InvalidOptionError,
    InvalidStackNameError,
    MissingInputsError,
    NothingToRetryError,
    PlanOutdatedError,
    RegionError,
    RulesError,
    StackBusyError,
    StackNotFoundError,
    TemplateError,
)
from .model import (
    ACTIONS,
    ADD,
    DELETE,
    DELETE_THEN_ADD,
    NO_OPERATION,
    UPDATE,
    DeployOptions,
    DeployResult,
    DriftItem,
    EngineEvent,
    KnownAfterApply,
    OutputValue,
    Plan,
    PlanItem,
    PlanProblem,
    RemovedByCondition,
    PropertyChange,
    ResourceInfo,
    StackInfo,
)
from .provider import (
    CallContext,
    Provider,
    ProviderError,
    ProviderResource,
    ProviderTimeout,
    ResourceRequest,
)

__all__ = [
    "ACTIONS",
    "ADD",
    "CallContext",
    "DELETE",
    "DELETE_THEN_ADD",
    "DeployOptions",
    "DeployResult",
    "DriftItem",
    "Engine",
    "EngineError",
    "EngineEvent",
    "InputValueError",
    "InputsFileError",
    "InvalidOptionError",
    "InvalidStackNameError",
    "KnownAfterApply",
    "MissingInputsError",
    "NO_OPERATION",
    "OutputValue",
    "Plan",
    "PlanItem",
    "RemovedByCondition",
    "PlanOutdatedError",
    "PlanProblem",
    "PropertyChange",
    "Provider",
    "ProviderError",
    "ProviderResource",
    "ProviderTimeout",
    "RegionError",
    "RulesError",
    "ResourceInfo",
    "ResourceRequest",
    "NothingToRetryError",
    "StackBusyError",
    "StackInfo",
    "StackNotFoundError",
    "TemplateError",
    "UPDATE",
    "check_stack_name",
]
