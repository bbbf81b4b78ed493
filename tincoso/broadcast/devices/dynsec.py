"""Mosquitto's dynamic-security store, driven over its control topic.

Roles (created idempotently by ``ensure_roles``):
- ``tcs-server``: the server's admin user publishes ``tcs/d/#`` and ``tcs/u/#``;
- ``tcs-device-<id>``: device ``<id>`` reads ``tcs/d/<id>/#`` and writes
  ``tcs/up/<id>/#`` (Mosquitto 2.0.11's dynsec ACLs take no ``%u`` pattern:
  measured in tests/test_mqtt_acl.py, a ``%u`` topic matches nothing, so each
  device has its own role);
- ``tcs-unit-<unit>``: read ``tcs/u/<unit>/emergency``; a device holds the roles of
  its unit and of every unit above it.
A device client is username ``<id>``, password its token (the plugin keeps only a
salted PBKDF2-SHA512 of it), client id pinned to ``tcsd-<id>``. Deleting a client
disconnects it at once (the plugin kicks it).
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import paho.mqtt.client as mqtt

from tincoso.broadcast.devices import mqtt_link
from tincoso.broadcast.devices.broker import BrokerSettings

CONTROL = "$CONTROL/dynamic-security/v1"
RESPONSE = CONTROL + "/response"
SERVER_ROLE = "tcs-server"


class DynsecError(RuntimeError):
    pass


def device_username(device_id: int) -> str:
    return str(device_id)


def device_client_id(device_id: int) -> str:
    return f"tcsd-{device_id}"


def device_role(device_id: int) -> str:
    return f"tcs-device-{device_id}"


def unit_role(unit_id: int) -> str:
    return f"tcs-unit-{unit_id}"


def _acl(kind: str, topic: str) -> dict[str, Any]:
    return {"acltype": kind, "topic": topic, "priority": 0, "allow": True}


def _read(topic: str) -> list[dict[str, Any]]:
    return [_acl("subscribePattern", topic), _acl("publishClientReceive", topic),
            _acl("unsubscribePattern", topic)]


def device_acls(device_id: int) -> list[dict[str, Any]]:
    return [*_read(f"tcs/d/{device_id}/#"), _acl("publishClientSend", f"tcs/up/{device_id}/#")]


def unit_acls(unit_id: int) -> list[dict[str, Any]]:
    return _read(f"tcs/u/{unit_id}/emergency")


class Control:
    """A connection to the broker as admin that sends dynsec commands and waits for
    their answers. One at a time (a lock); use as a context manager or ``close()``."""

    def __init__(self, settings: BrokerSettings) -> None:
        self._lock = threading.Lock()
        self._answers: dict[str, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self.link = mqtt_link.client(settings, f"tcs-ctl-{uuid.uuid4().hex[:12]}",
                                     settings.admin_username, settings.admin_password)
        self.link.on_message = self._on_message
        mqtt_link.connect(self.link, settings)
        done = threading.Event()
        self.link.on_subscribe = lambda *_args: done.set()
        self.link.subscribe(RESPONSE, qos=1)
        if not done.wait(10):
            self.close()
            raise DynsecError("no SUBACK for the dynsec response topic")

    def _on_message(self, _c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        try:
            answers = json.loads(message.payload)["responses"]
        except (ValueError, KeyError, TypeError):
            return
        with self._arrived:
            for answer in answers:
                self._answers[str(answer.get("correlationData", ""))] = answer
            self._arrived.notify_all()

    def run(self, commands: list[dict[str, Any]], timeout: float = 10.0,
            tolerate: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Send ``commands`` in one message; their answers in order. An error raises
        unless its text contains one of ``tolerate`` (e.g. "already exists")."""
        if not commands:
            return []
        with self._lock:
            keys = []
            for command in commands:
                command["correlationData"] = uuid.uuid4().hex
                keys.append(command["correlationData"])
            self.link.publish(CONTROL, json.dumps({"commands": commands}), qos=1)
            with self._arrived:
                if not self._arrived.wait_for(lambda: all(k in self._answers for k in keys),
                                              timeout):
                    raise DynsecError("the broker did not answer dynsec commands")
                answers = [self._answers.pop(k) for k in keys]
        for answer in answers:
            error = answer.get("error")
            if error and not any(t in error for t in tolerate):
                raise DynsecError(f"{answer.get('command')}: {error}")
        return answers

    def one(self, command: str, **fields: Any) -> dict[str, Any]:
        return self.run([{"command": command, **fields}])[0]

    def close(self) -> None:
        self.link.disconnect()
        self.link.loop_stop()

    def __enter__(self) -> Control:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what the server does with it ----------------------------------------------

    def ensure_role(self, name: str, acls: list[dict[str, Any]]) -> None:
        self.run([{"command": "createRole", "rolename": name}], tolerate=("already exists",))
        self.run([{"command": "addRoleACL", "rolename": name, **acl} for acl in acls],
                 tolerate=("already exists",))

    def put_device(self, device_id: int, password: str, unit_ids: list[int]) -> None:
        """(Re)create device ``device_id``'s client with ``password``: an existing
        one is deleted first, which disconnects it."""
        self.ensure_role(device_role(device_id), device_acls(device_id))
        for unit_id in unit_ids:
            self.ensure_role(unit_role(unit_id), unit_acls(unit_id))
        roles = [{"rolename": device_role(device_id)}] + [
            {"rolename": unit_role(u)} for u in unit_ids]
        self.run([{"command": "deleteClient", "username": device_username(device_id)}],
                 tolerate=("not found",))
        self.one("createClient", username=device_username(device_id), password=password,
                 clientid=device_client_id(device_id), roles=roles)

    def delete_device(self, device_id: int) -> None:
        """Remove the device's client (which disconnects it) and its role."""
        self.run([{"command": "deleteClient", "username": device_username(device_id)},
                  {"command": "deleteRole", "rolename": device_role(device_id)}],
                 tolerate=("not found",))

    def set_device_units(self, device_id: int, unit_ids: list[int], held: list[str]) -> None:
        """Give the device's client exactly the unit roles of ``unit_ids``."""
        wanted = {unit_role(u) for u in unit_ids}
        commands = []
        for unit_id in unit_ids:
            self.ensure_role(unit_role(unit_id), unit_acls(unit_id))
        for role in held:
            if role.startswith("tcs-unit-") and role not in wanted:
                commands.append({"command": "removeClientRole",
                                 "username": device_username(device_id), "rolename": role})
        for role in sorted(wanted - set(held)):
            commands.append({"command": "addClientRole",
                             "username": device_username(device_id), "rolename": role})
        self.run(commands)

    def clients(self) -> dict[str, list[str]]:
        """Every client of the store: username -> its role names."""
        answer = self.one("listClients", verbose=True, count=-1, offset=0)
        rows = answer.get("data", {}).get("clients", [])
        return {row["username"]: [r["rolename"] for r in row.get("roles", [])] for row in rows}


def ensure_roles(settings: BrokerSettings) -> None:
    """The server's own role, given to its admin user (idempotent). Giving a client a
    role makes Mosquitto kick it (to apply the new ACLs), so that command is sent last
    and not waited for."""
    with Control(settings) as control:
        control.ensure_role(SERVER_ROLE, [
            _acl("publishClientSend", "tcs/d/#"), _acl("publishClientSend", "tcs/u/#"),
            *_read("tcs/up/#"), _acl("subscribePattern", "$share/tincoso/tcs/up/#")])
        held = control.one("getClient", username=settings.admin_username)
        roles = [r["rolename"] for r in held.get("data", {}).get("client", {}).get("roles", [])]
        if SERVER_ROLE not in roles:
            control.link.publish(CONTROL, json.dumps({"commands": [{
                "command": "addClientRole", "username": settings.admin_username,
                "rolename": SERVER_ROLE}]}), qos=1).wait_for_publish(10)
