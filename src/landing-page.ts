// A local page for trying queries: plain HTML and fetch, nothing loaded from the internet.
export const landingPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>One Window 一窗通</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}
textarea{width:100%;font:13px ui-monospace,monospace}
pre{background:#f4f4f4;padding:1rem;overflow:auto;max-height:40rem}
button{font-size:1rem;padding:.4rem 1.2rem}
</style></head><body>
<h1>One Window 一窗通 — GraphQL gateway</h1>
<p>POST GraphQL to <code>/graphql</code>. Health: <a href="/healthz">/healthz</a>, readiness: <a href="/readyz">/readyz</a>, metrics: <a href="/metrics">/metrics</a>.</p>
<label>Query<textarea id="q" rows="14">query Resident($id: IdCardNumber!) {
  resident(idNumber: $id) {
    name gender birthDate
    civilAffairs { districtName assistance { programName status } stale asOf }
    housing { publicRentalApplications { applicationNumber status } providentFund { balance } }
    health { familyDoctor { doctorName status } vaccinations { vaccine administeredAt } }
    serviceStatus { department matter status dueAt overdue }
  }
}</textarea></label>
<label>Variables<textarea id="v" rows="3">{"id": ""}</textarea></label>
<label>Headers (JSON)<textarea id="h" rows="3">{}</textarea></label>
<p><button id="run">Run</button></p>
<pre id="out"></pre>
<script>
document.getElementById('run').onclick = async () => {
  const out = document.getElementById('out');
  try {
    const headers = Object.assign({'content-type': 'application/json'}, JSON.parse(document.getElementById('h').value || '{}'));
    const body = JSON.stringify({query: document.getElementById('q').value, variables: JSON.parse(document.getElementById('v').value || '{}')});
    const res = await fetch('/graphql', {method: 'POST', headers, body});
    out.textContent = res.status + '\\n' + JSON.stringify(await res.json(), null, 2);
  } catch (e) { out.textContent = String(e); }
};
</script></body></html>`;
