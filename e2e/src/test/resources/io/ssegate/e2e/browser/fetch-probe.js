// Fetches a path of the site several times at once, as a page loads its other resources, and
// counts the answers in window.ssegateProbe.
// arguments[0]: the path. arguments[1]: how many fetches.
const [path, count] = arguments;
const probe = { answered: 0 };
for (let i = 0; i < count; i++) {
	fetch(path + (path.includes('?') ? '&' : '?') + 'probe=' + Date.now() + '-' + i, { cache: 'no-store' })
		.then((response) => response.text())
		.then(() => probe.answered++);
}
window.ssegateProbe = probe;
