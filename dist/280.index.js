export const id = 280;
export const ids = [280];
export const modules = {

/***/ 8280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ResultsApi: () => (/* binding */ ResultsApi)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

class ResultsApi {
    client;
    logger;
    token;
    /** Which route lists trigger jobs here: `trigger_jobs` from GitLab 19.2, `bridges` before. */
    triggerJobsRoute = 'unknown';
    constructor(client, apiToken, logger, 
    /** A CI job token reads with `JOB-TOKEN`, where GitLab lets it. */
    header = 'PRIVATE-TOKEN') {
        this.client = client;
        this.logger = logger;
        this.token = apiToken ? { header, value: apiToken } : undefined;
    }
    call(path, what, options) {
        return { ...options, method: 'GET', path, token: this.token, what, idempotent: true };
    }
    pipelinePath(projectId, pipelineId) {
        return `/projects/${projectId}/pipelines/${pipelineId}`;
    }
    /**
     * The trigger jobs of a pipeline and the pipelines they started. GitLab 19.2 renamed
     * `/bridges` to `/trigger_jobs` and deprecated the old name: the new route is tried first,
     * and where it does not exist (404 while `/bridges` answers) the old one is used from then on.
     */
    async triggerJobs(projectId, pipelineId, options = {}) {
        const what = `list the trigger jobs of pipeline #${pipelineId} of project ${projectId}`;
        const read = (route) => this.client.apiAll(this.call(`${this.pipelinePath(projectId, pipelineId)}/${route}`, what, options));
        if (this.triggerJobsRoute === 'bridges')
            return read('bridges');
        try {
            const jobs = await read('trigger_jobs');
            this.triggerJobsRoute = 'trigger_jobs';
            return jobs;
        }
        catch (error) {
            if (this.triggerJobsRoute !== 'unknown' || !(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ))
                throw error;
            if (error.status !== 404)
                throw error;
        }
        const jobs = await read('bridges');
        this.triggerJobsRoute = 'bridges';
        this.logger?.debug('This GitLab has no /trigger_jobs route (before 19.2): using /bridges.');
        return jobs;
    }
    /** Every job of a pipeline; with `includeRetried`, the retried runs too. */
    async jobs(projectId, pipelineId, options = {}) {
        const { includeRetried, ...read } = options;
        const call = this.call(`${this.pipelinePath(projectId, pipelineId)}/jobs`, `list the jobs of pipeline #${pipelineId} of project ${projectId}`, read);
        return this.client.apiAll(includeRetried ? { ...call, query: { include_retried: 'true' } } : call);
    }
    /** The last `maxBytes` of a job's log, cut at a line start. */
    async traceTail(projectId, jobId, maxBytes, options = {}) {
        const response = await this.client.api({
            ...this.call(`/projects/${projectId}/jobs/${jobId}/trace`, `read the log of job ${jobId}`, options),
            tailBytes: maxBytes,
        });
        const text = response.body;
        if (Buffer.byteLength(text) < maxBytes)
            return text;
        const newline = text.indexOf('\n');
        return newline >= 0 ? text.slice(newline + 1) : text;
    }
    /** The test counts of a pipeline, by suite: one small request. */
    async testReportSummary(projectId, pipelineId, options = {}) {
        return this.client.apiJson(this.call(`${this.pipelinePath(projectId, pipelineId)}/test_report_summary`, `read the test report summary of pipeline #${pipelineId}`, options));
    }
    /** The whole test report of a pipeline, every case of every suite. */
    async testReport(projectId, pipelineId, options = {}) {
        return this.client.apiJson(this.call(`${this.pipelinePath(projectId, pipelineId)}/test_report`, `read the test report of pipeline #${pipelineId}`, options));
    }
    /**
     * One file of a job's artifacts (`GET /projects/:id/jobs/:job_id/artifacts/*artifact_path`)
     * as text; undefined when the job has no such file (GitLab answers 404).
     */
    async artifactFile(projectId, jobId, path, options = {}) {
        const encoded = path.split('/').map(encodeURIComponent).join('/');
        try {
            const response = await this.client.api({
                ...this.call(`/projects/${projectId}/jobs/${jobId}/artifacts/${encoded}`, `read ${path} from the artifacts of job ${jobId}`, options),
                fromStorage: true,
            });
            return response.body;
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /**
     * Streams a job's artifacts archive to `file`; the bytes written, or undefined when the
     * job has no archive (404).
     */
    async saveArchive(projectId, jobId, file, options) {
        const { maxBytes, ...read } = options;
        try {
            const response = await this.client.api({
                ...this.call(`/projects/${projectId}/jobs/${jobId}/artifacts`, `download the artifacts of job ${jobId}`, read),
                saveTo: { path: file, maxBytes },
                fromStorage: true,
            });
            return response.saved ?? 0;
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitLabError */ .YZ && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** Streams a job's whole log to `file`; the bytes written. */
    async saveLog(projectId, jobId, file, options) {
        const { maxBytes, ...read } = options;
        const response = await this.client.api({
            ...this.call(`/projects/${projectId}/jobs/${jobId}/trace`, `read the log of job ${jobId}`, read),
            saveTo: { path: file, maxBytes },
            fromStorage: true,
        });
        return response.saved ?? 0;
    }
}


/***/ })

};
