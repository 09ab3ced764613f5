"""Production concerns of the web app: configuration, security headers, compressed static files,
health checks and logging. Imports Flask and the standard library, never dash components."""
