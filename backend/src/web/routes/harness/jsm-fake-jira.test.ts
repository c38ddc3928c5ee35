import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createFakeJira, HARNESS_SYSTEM_TOKEN } from './jsm-fake-jira';

const base = '/harness/jsm/jira/ex/jira/cloud-1/rest';
const auth = { Authorization: `Bearer ${HARNESS_SYSTEM_TOKEN}` };

describe("the harness's fake Jira", () => {
  it('serves back what the JSM target reads to settle a pending write: comments and property keys', async () => {
    const jira = createFakeJira();
    const app = express().use(jira.router);
    await request(app)
      .post(`${base}/servicedeskapi/request/SUP-1/comment`)
      .set(auth)
      .send({ body: 'a', public: false })
      .expect(201);
    await request(app)
      .post(`${base}/servicedeskapi/request/SUP-2/comment`)
      .set(auth)
      .send({ body: 'b', public: true })
      .expect(201);
    await request(app)
      .put(`${base}/api/3/issue/SUP-1/properties/triage-writeback-k1`)
      .set(auth)
      .send({ state: 'pending' })
      .expect(204);

    const comments = await request(app)
      .get(`${base}/servicedeskapi/request/SUP-1/comment?start=0&limit=50`)
      .set(auth);
    expect(comments.body).toMatchObject({
      isLastPage: true,
      values: [{ id: '10001', body: 'a', public: false }],
    });
    const keys = await request(app).get(`${base}/api/3/issue/SUP-1/properties`).set(auth);
    expect(keys.body).toEqual({ keys: [{ key: 'triage-writeback-k1' }] });
    await request(app).get(`${base}/api/3/issue/SUP-1/properties`).expect(401);
  });
});
