// The API reference page (/api/docs): Swagger UI over the service's own OpenAPI document.
// A file of its own, not an inline script: the Content-Security-Policy allows only the
// service's own scripts (script-src 'self').
/* global SwaggerUIBundle */
(function () {
  'use strict';
  // Signed in through the dashboard, "Try it out" sends the session cookie; requests that
  // change something also need the session's CSRF token, read once from /api/session.
  let csrfToken = null;
  fetch('/api/session', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : null))
    .then((session) => { csrfToken = session && session.csrf_token ? session.csrf_token : null; })
    .catch(() => { csrfToken = null; });

  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // x-roles and x-audit: who may call each operation, and what the audit log records
    showExtensions: true,
    // never ask swagger.io to validate the document: the service reaches no other host
    validatorUrl: null,
    requestInterceptor: (req) => {
      const method = (req.method || 'GET').toUpperCase();
      if (csrfToken && method !== 'GET' && method !== 'HEAD' && !req.headers['X-CSRF-Token']) req.headers['X-CSRF-Token'] = csrfToken;
      req.credentials = 'same-origin';
      return req;
    },
  });
})();
