"""Extractors: readers, outline, numbers, guide and claims extraction. Import only `models`."""
