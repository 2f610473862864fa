/**
 * A fake AWS STS (Query API) endpoint for offline `terraform plan`.
 *
 * The AWS provider 5.100 (aws-sdk-go-v2, api/sts 1.33) sends form-encoded POSTs to `/`:
 *  - `Action=AssumeRole&DurationSeconds=900&RoleArn=...&RoleSessionName=aws-go-sdk-...&Version=2011-06-15`
 *    once (or more) per provider configuration with `assume_role`, signed with the base credentials;
 *  - `Action=GetCallerIdentity&Version=2011-06-15` only for `data "aws_caller_identity"` (or when
 *    skip_requesting_account_id is false), signed with the assumed credentials.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StsRequest {
  action: string;
  params: Record<string, string>;
  /** Access key id from the SigV4 Authorization header. */
  accessKeyId?: string;
}

export interface StsStub {
  url: string;
  /** Every request received, in order. */
  requests: StsRequest[];
  close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const DEFAULT_ACCOUNT = '123456789012';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Identity {
  account: string;
  arn: string;
  userId: string;
}

export async function startStsStub(): Promise<StsStub> {
  const requests: StsRequest[] = [];
  const issued = new Map<string, Identity>(); // assumed access key id -> identity
  let counter = 0;

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const accessKeyId = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
      const action = req.method === 'POST' ? (params.Action ?? '') : '';
      requests.push({ action, params, accessKeyId });
      const requestId = `offline-${++counter}`;
      const reply = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
      };
      const error = (code: string, message: string) =>
        reply(
          400,
          `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
            `<Message>${esc(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );

      if (action === 'AssumeRole') {
        const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(params.RoleArn ?? '');
        if (!m) return error('ValidationError', `invalid RoleArn ${params.RoleArn ?? '(missing)'}`);
        const [, account, role] = m;
        const session = params.RoleSessionName ?? 'offline';
        const keyId = `ASIAOFFLINE${String(counter).padStart(9, '0')}`;
        const identity = {
          account,
          arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
          userId: `AROAOFFLINE${account}:${session}`,
        };
        issued.set(keyId, identity);
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        return reply(
          200,
          `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>` +
            `<Credentials><AccessKeyId>${keyId}</AccessKeyId><SecretAccessKey>offline-secret</SecretAccessKey>` +
            `<SessionToken>offline-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
            `<AssumedRoleUser><AssumedRoleId>${esc(identity.userId)}</AssumedRoleId><Arn>${esc(identity.arn)}</Arn></AssumedRoleUser>` +
            `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
      }
      if (action === 'GetCallerIdentity') {
        // Base credentials named AKIDOFFLINE<account> belong to that account (a pipeline running there).
        const own = /^AKIDOFFLINE(\d{12})$/.exec(accessKeyId ?? '')?.[1];
        const id = (accessKeyId && issued.get(accessKeyId)) ||
          (own && { account: own, arn: `arn:aws:iam::${own}:user/offline`, userId: 'AIDAOFFLINE' }) || {
            account: DEFAULT_ACCOUNT,
            arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/offline`,
            userId: 'AIDAOFFLINE',
          };
        return reply(
          200,
          `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
            `<Arn>${esc(id.arn)}</Arn><UserId>${esc(id.userId)}</UserId><Account>${id.account}</Account>` +
            `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      }
      return error('InvalidAction', `offline STS stub does not support ${req.method} ${action || '(no Action)'}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
