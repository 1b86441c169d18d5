"""`tf.config.experimental`."""

# ruff: noqa: F401
from lamina._core.devices import (
    enable_tensor_float_32_execution,
    get_device_details,
    get_memory_growth,
    get_memory_info,
    get_visible_devices,
    list_logical_devices,
    list_physical_devices,
    set_memory_growth,
    set_visible_devices,
    tensor_float_32_execution_enabled,
)
