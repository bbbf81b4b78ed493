// The print button of the Phiếu giải quyết (no inline scripts: the CSP allows 'self').
document.getElementById("print-slip")?.addEventListener("click", () => window.print());
