// The site's own script (CSP script-src 'self'): records every Content-Security-Policy violation in the page, and
// mounts the login widget as README's five lines do, with the PKCE verifier kept by the site's backend (/challenge,
// /session). ?locales=zh-CN,en mounts one widget per locale, ?burst=5 as many English ones at once, ?ttl= sets
// ttlSeconds, ?nosse=1 hides EventSource. Each widget's section records the states it went through (data-states).
(function () {
  'use strict';
  var violations = document.getElementById('violations');
  document.addEventListener('securitypolicyviolation', function (event) {
    var item = document.createElement('li');
    item.textContent = event.violatedDirective + ' blocked ' + event.blockedURI + ' (' + event.sourceFile + ':'
      + event.lineNumber + ')';
    violations.appendChild(item);
  });
  var params = new URLSearchParams(location.search);
  var api = document.querySelector('meta[name="saoma-api"]').content;
  if (params.get('nosse')) {
    // as behind a proxy that cannot stream: the widget must poll
    window.EventSource = undefined;
  }
  var widgets = (params.get('locales') || 'zh-CN').split(',').map(function (locale) {
    return { id: 'site-' + locale, locale: locale };
  });
  if (params.get('burst')) {
    widgets = [];
    for (var i = 0; i < Number(params.get('burst')); i++) {
      widgets.push({ id: 'burst-' + i, locale: 'en' });
    }
  }
  widgets.forEach(function (widget) {
    var locale = widget.locale;
    var section = document.createElement('section');
    section.id = widget.id;
    section.className = 'site-login';
    var host = document.createElement('div');
    var codes = document.createElement('ol');
    codes.className = 'codes';
    var identity = document.createElement('p');
    identity.className = 'identity';
    var errors = document.createElement('ol');
    errors.className = 'errors';
    section.append(host, codes, identity, errors);
    document.getElementById('logins').appendChild(section);
    var logins = 0;
    SaomaLogin.mount(host, {
      api: api,
      account: 'demo',
      ttlSeconds: Number(params.get('ttl')) || undefined,
      locale: locale,
      challenge: function () {
        return fetch('/challenge', { method: 'POST' }).then(function (response) {
          if (!response.ok) {
            throw new Error('the site backend answered ' + response.status);
          }
          return response.text();
        });
      },
      onState: function (state) {
        var status = host.querySelector('.saoma-login__status').textContent;
        section.setAttribute('data-states', (section.getAttribute('data-states') || '') + state + ': ' + status + '\n');
      },
      onLogin: function (login) {
        logins++;
        section.setAttribute('data-qr-content', login.qrContent);
        section.setAttribute('data-logins', String(logins));
      },
      onCode: function (code, loginId, challenge) {
        var item = document.createElement('li');
        item.textContent = code;
        codes.appendChild(item);
        return fetch('/session', { method: 'POST', body: code + '\n' + challenge }).then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) {
              throw new Error(body.error);
            }
            identity.textContent = 'signed in as ' + body.openId;
          });
        });
      },
      onError: function (error) {
        var item = document.createElement('li');
        item.textContent = error.code;
        errors.appendChild(item);
      }
    });
  });
}());
