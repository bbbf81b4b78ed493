"""The reference device of Tin Cơ Sở: a loudspeaker cluster's client on a small Linux box.

It speaks docs/device-protocol.md: enrolment, the signed manifest, media by hash,
scheduled playing that survives restarts and network loss, proof of play,
heartbeat, and the MQTT push (desired state, commands, emergencies).
"""

FIRMWARE = "tincoso-device-0.1.0"
