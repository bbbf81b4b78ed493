"""The MQTT broker: where it is (``MQTT_*`` settings) and a local Mosquitto for
``make run`` and the tests (``LocalBroker``).

Settings, from the environment:
- ``MQTT_URL``: ``mqtts://host:8883`` of an existing broker; empty means
  ``tincoso serve`` starts a ``LocalBroker`` in ``var/mqtt/`` and tells its
  children where it is by setting these variables;
- ``MQTT_CA_FILE``: the CA that signed the broker's certificate (empty: public CAs);
- ``MQTT_ADMIN_USERNAME`` / ``MQTT_ADMIN_PASSWORD``: the server's own broker user,
  which holds the dynamic-security admin role (it manages device clients);
- ``MQTT_PUBLIC_URL``: the address devices are given (default ``MQTT_URL``), when
  they reach the broker by another name than the server does.

A ``LocalBroker`` generates a CA and a server certificate for 127.0.0.1/localhost
(``cryptography``), a mosquitto.conf with one TLS listener on a free loopback port
and the dynamic-security plugin, and an initial dynsec store holding only the admin
user (``mosquitto_ctrl dynsec init``); it runs Debian's ``mosquitto`` (2.0.11 has no
WebSocket listener, which the protocol does not need).
"""

from __future__ import annotations

import datetime as dt
import getpass
import ipaddress
import os
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tincoso.core.env import env_str

MOSQUITTO = "/usr/sbin/mosquitto"
MOSQUITTO_CTRL = "/usr/bin/mosquitto_ctrl"
DYNSEC_PLUGIN = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so"
ADMIN_USERNAME = "tincoso-server"
MAX_PAYLOAD = 512 * 1024


@dataclass(frozen=True)
class BrokerSettings:
    url: str
    ca_file: str
    admin_username: str
    admin_password: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (8883 if parts.scheme == "mqtts" else 1883)

    @property
    def tls(self) -> bool:
        return urlsplit(self.url).scheme == "mqtts"

    @property
    def public_url(self) -> str:
        return env_str("MQTT_PUBLIC_URL") or self.url

    def ca_pem(self) -> str:
        return Path(self.ca_file).read_text(encoding="ascii") if self.ca_file else ""

    def environ(self) -> dict[str, str]:
        return {"MQTT_URL": self.url, "MQTT_CA_FILE": self.ca_file,
                "MQTT_ADMIN_USERNAME": self.admin_username,
                "MQTT_ADMIN_PASSWORD": self.admin_password}


def configured() -> BrokerSettings | None:
    """The broker from the environment, or None when MQTT is not set up."""
    url = env_str("MQTT_URL") or ""
    if not url:
        return None
    return BrokerSettings(url=url, ca_file=env_str("MQTT_CA_FILE") or "",
                          admin_username=env_str("MQTT_ADMIN_USERNAME") or ADMIN_USERNAME,
                          admin_password=env_str("MQTT_ADMIN_PASSWORD") or "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def write_certificates(directory: Path) -> None:
    """A CA and a server certificate for 127.0.0.1 and localhost (ten years)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Tin Co So local MQTT CA"))
          .issuer_name(_name("Tin Co So local MQTT CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (x509.CertificateBuilder().subject_name(_name("localhost")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (directory / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path = directory / "server-key.pem"
    key_path.touch(mode=0o600)
    key_path.write_bytes(_pem(key))


class LocalBroker:
    """Mosquitto on loopback with generated TLS and dynamic security, in ``directory``.

    The directory keeps its certificates, admin password and dynsec store between
    runs (device clients survive a restart); the port is chosen afresh each start."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = Path(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def settings(self) -> BrokerSettings:
        return BrokerSettings(url=f"mqtts://127.0.0.1:{self.port}",
                              ca_file=str(self.directory / "ca.pem"),
                              admin_username=ADMIN_USERNAME,
                              admin_password=self._admin_password())

    def _admin_password(self) -> str:
        path = self.directory / "admin-password"
        if not path.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(24), encoding="ascii")
        return path.read_text(encoding="ascii").strip()

    def _prepare(self) -> Path:
        d = self.directory
        d.mkdir(parents=True, exist_ok=True)
        if not (d / "ca.pem").exists() or not (d / "server-key.pem").exists():
            write_certificates(d)
        store = d / "dynamic-security.json"
        if not store.exists():
            subprocess.run([MOSQUITTO_CTRL, "dynsec", "init", str(store), ADMIN_USERNAME,  # noqa: S603
                            self._admin_password()], check=True, capture_output=True)
        conf = d / "mosquitto.conf"
        conf.write_text("\n".join([
            # Run as whoever runs us (as root, Mosquitto would switch to user "mosquitto",
            # which cannot read this directory).
            f"user {getpass.getuser()}",
            "per_listener_settings false",
            "allow_anonymous false",
            "persistence true",
            f"persistence_location {d}/",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            f"max_packet_size {MAX_PAYLOAD + 1024}",  # payloads up to 512 KB (§9.7)
            "max_queued_messages 10000",
            # Nagle off: a small packet (an emergency, a PUBACK) goes out at once instead
            # of waiting for the device's ACK of the one before (an RTT, or its delayed
            # ACK, on 3G/4G); an alert fan-out is latency-bound, its packet count tiny.
            "set_tcp_nodelay true",
            f"listener {self.port} 127.0.0.1",
            f"cafile {d / 'ca.pem'}",
            f"certfile {d / 'server.pem'}",
            f"keyfile {d / 'server-key.pem'}",
            "tls_version tlsv1.2",
            f"plugin {DYNSEC_PLUGIN}",
            f"plugin_opt_config_file {store}",
            "",
        ]), encoding="utf-8")
        return conf

    def start(self, timeout: float = 10.0) -> BrokerSettings:
        conf = self._prepare()
        log = open(self.directory / "mosquitto.log", "ab")  # noqa: SIM115 (lives with the process)
        self.process = subprocess.Popen(  # noqa: S603 (our fixed path and our own file)
            [MOSQUITTO, "-c", str(conf)], stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto exited: see {self.directory / 'mosquitto.log'}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("mosquitto did not start listening")
        from tincoso.broadcast.devices import dynsec

        try:
            dynsec.ensure_roles(self.settings)
        except BaseException:
            self.stop()
            raise
        return self.settings

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> BrokerSettings:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def apply_to_environment(settings: BrokerSettings) -> None:
    """Tell this process and its children where the broker is."""
    os.environ.update(settings.environ())
