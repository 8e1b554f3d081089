// Run by ClientPage in a page of the gateway's origin: follows tasks with the browser client
// (/ssegate.js, which the gateway serves from clients/js) and records what arrives in
// window.ssegateClient. Arguments: the tasks, the URL of the test's token server (or null), and
// the callback of executeAsyncScript.
const [tasks, tokenUrl, done] = arguments;
import('/ssegate.js').then(({ follow }) => {
	const r = { events: {}, gaps: [], errors: [], tokens: 0, ended: false };
	window.ssegateClient = r;
	const token = tokenUrl === null ? undefined : async () => {
		r.tokens++;
		const response = await fetch(tokenUrl + '?tasks=' + encodeURIComponent((r.following ? r.following.tasks : tasks).join(',')));
		return response.text();
	};
	r.following = follow(tasks, {
		onEvent: (task, event) => (r.events[task] ??= []).push({ name: event.name, id: event.id, data: event.data }),
		onGap: (task) => r.gaps.push(task),
		onError: (error) => r.errors.push(JSON.stringify(error)),
		onAllEnded: () => {
			r.ended = true;
		},
	}, { token, backoff: { initial: 200, max: 2000 } });
	done(true);
}, (error) => done(String(error)));
