// Compiled with tsc --noEmit (npm run typecheck): the declarations fit the way a page uses the client.
import { DEFAULT_BACKOFF, follow, type Following, type TaskEvent } from '@ssegate/client';

interface Progress {
	percent: number;
}

const following: Following = follow<Progress | string>(['export-41', 'export-42'], {
	onEvent(task: string, event: TaskEvent<Progress | string>) {
		const percent: number | undefined = typeof event.data === 'string' ? undefined : event.data.percent;
		console.log(task, event.name, event.id, percent);
	},
	onGap: (task, after) => console.warn('missed events of', task, 'after', after),
	onEnd: (task) => console.log(task, 'ended'),
	onAllEnded: () => console.log('every task ended'),
	onError: ({ status, retryIn }) => console.warn('stream failed', status, 'again in', retryIn),
	onState: (state) => console.log(state),
}, {
	url: 'https://push.example.com',
	token: async () => (await fetch('/my-backend/ssegate-token')).text(),
	backoff: { initial: DEFAULT_BACKOFF.initial, max: 60_000 },
	events: ['progress', 'completed', 'failed'],
});

following.add('export-43');
following.remove('export-41');
void following.ended.then(() => following.close());
