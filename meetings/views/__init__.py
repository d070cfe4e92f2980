"""Meeting pages. Views are configuration: rules live in meetings.services, reads in meetings.selectors."""
