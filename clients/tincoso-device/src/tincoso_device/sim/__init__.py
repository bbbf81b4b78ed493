"""The device simulator: thousands of devices' MQTT protocol (not the player) in one
process, on asyncio (one coroutine per device, no thread per client)."""
