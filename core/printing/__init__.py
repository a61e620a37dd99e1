"""The print queue, its worker threads and printer configuration (printers/ is the device library)."""
