"""Views: thin; each turns a request into a selector or service call and back."""
