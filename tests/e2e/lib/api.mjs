// A small API client for seeding: throws with the server's problem document on any error.
export function client(url) {
  async function call(method, path, body, token) {
    const res = await fetch(url + "/api/v1" + path, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    call,
    async login(username, password) {
      return (await call("POST", "/auth/login", { username, password })).token;
    },
  };
}
