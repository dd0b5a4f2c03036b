"""Text helpers with no state: sentence bounds, periods, page text made safe to print."""
