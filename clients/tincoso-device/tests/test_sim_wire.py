"""The simulator's own parts: MQTT packets cut from whatever a read brings, how its
devices check signatures (``each``, ``once``, ``none``), and its event loop."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from tincoso_device.keys import TrustedKeys, key_id
from tincoso_device.sim.fleet import Fleet
from tincoso_device.sim.mqtt311 import Client, MqttError, packet, split
from tincoso_device.sim.processes import runner

KEY = Ed25519PrivateKey.generate()
RAW = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_packets_are_cut_whole_across_reads_and_a_long_one_waits_for_its_end() -> None:
    small, long = packet(0x40, b"\x00\x07"), packet(0x30, b"\x00\x01t" + b"x" * 300)
    assert long[1:3] == bytes([0xAF, 0x02])  # 303 takes two length bytes
    buffer = bytearray(small + long[:2])
    assert split(buffer) == [(0x40, b"\x00\x07")]
    assert buffer == bytearray(long[:2])  # a length not whole yet stays
    buffer += long[2:100]
    assert split(buffer) == [] and len(buffer) == 100
    buffer += long[100:] + small
    assert split(buffer) == [(0x30, long[3:]), (0x40, b"\x00\x07")]
    assert buffer == bytearray()


def test_a_remaining_length_of_more_than_four_bytes_is_refused() -> None:
    with pytest.raises(MqttError):
        split(bytearray(b"\x30\xff\xff\xff\xff\x01"))


def _sealed(text: str) -> bytes:
    sig = base64.b64encode(KEY.sign(text.encode())).decode()
    return json.dumps({"key_id": key_id(RAW), "msg": text, "sig": sig}).encode()


@pytest.mark.parametrize("verify", ["each", "once"])
def test_each_device_or_once_per_payload_the_signature_is_checked(verify: str) -> None:
    fleet = Fleet("mqtts://127.0.0.1:1", "", [],
                  TrustedKeys([base64.b64encode(RAW).decode()]), verify)
    text = json.dumps({"format": "tincoso-device-message/1", "id": "m1", "action": "start"})
    genuine = _sealed(text)
    altered = genuine.replace(b"start", b"stop!")
    for device_id in (1, 2):
        fleet.clients[device_id] = Client(f"tcsd-{device_id}", str(device_id), "token")
        fleet._on_message(device_id, "tcs/u/1/emergency", altered)
        fleet._on_message(device_id, "tcs/u/1/emergency", genuine)  # not connected: no ack
    assert fleet.refused == 2 and set(fleet.received["m1"]) == {1, 2} and fleet.acked == {}
    assert len(fleet._opened) == (2 if verify == "once" else 0)


def test_without_checking_an_altered_message_is_taken() -> None:
    fleet = Fleet("mqtts://127.0.0.1:1", "", [],
                  TrustedKeys([base64.b64encode(RAW).decode()]), "none")
    text = json.dumps({"format": "tincoso-device-message/1", "id": "m2", "action": "start"})
    fleet.clients[1] = Client("tcsd-1", "1", "token")
    fleet._on_message(1, "tcs/u/1/emergency", _sealed(text).replace(b"m2", b"m3"))
    assert set(fleet.received) == {"m3"} and fleet.refused == 0


def test_the_simulator_runs_on_uvloop_when_asked_and_on_asyncio_when_asked() -> None:
    """Each in a thread of its own, as each simulator process has its own main thread:
    a browser test's sync API may have left this thread's loop marked running."""
    from concurrent.futures import ThreadPoolExecutor

    async def kind() -> str:
        return type(asyncio.get_running_loop()).__module__.split(".")[0]

    def run_on(loop: str) -> str:
        with runner(loop) as run:
            return run.run(kind())

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(run_on, "uvloop").result() == "uvloop"
        assert pool.submit(run_on, "asyncio").result() == "asyncio"
    with pytest.raises(ValueError):
        runner("trio")
