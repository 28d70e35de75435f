"""The partners portal: GET selector → template; POST form → service → redirect."""
