import { handleTrpc } from '@/server/trpc/http';

export const dynamic = 'force-dynamic';

export { handleTrpc as GET, handleTrpc as POST };
