;;; casenote.el --- Check case records with casenote through eglot  -*- lexical-binding: t; -*-

;; Works with Emacs 28 and eglot 1.9 (Debian 12), and later (eglot is
;; built into Emacs 29+).

;;; Commentary:

;; Runs `casenote server' (the casenote language server) for Markdown case
;; records: diagnostics (through flymake), hover (eldoc), quick fixes
;; (`eglot-code-actions'), completion and the outline (imenu).
;;
;; A Markdown file is a record when a folder above it holds `casenote.toml'
;; (or `.casenote.toml'); that folder is the project root.
;;
;;   (add-to-list 'load-path "/path/to/casenote/editors/emacs")
;;   (require 'casenote)
;;   (setq casenote-program "/opt/casenote/bin/casenote") ; if not on PATH
;;   (casenote-setup)
;;
;; Commands: `casenote-explain-rule' (a rule's documentation in a buffer),
;; `casenote-review-workspace' (check every record under the root).

;;; Code:

(require 'eglot)
(require 'project)
(require 'subr-x)

(defgroup casenote nil
  "Check social-work case records with casenote."
  :group 'tools
  :prefix "casenote-")

(defcustom casenote-program "casenote"
  "The casenote program: a name on `exec-path' or a full path."
  :type 'string)

(defcustom casenote-modes '(markdown-mode gfm-mode)
  "Major modes in which Markdown case records are edited."
  :type '(repeat symbol))

(defcustom casenote-config-files '("casenote.toml" ".casenote.toml")
  "Files whose presence in a folder above a record marks the project root."
  :type '(repeat string))

(defcustom casenote-require-config t
  "When non-nil, only start for files below a `casenote-config-files' file."
  :type 'boolean)

(defcustom casenote-settings nil
  "Settings for the server, a plist, e.g. (:lintOn \"save\" :rules (:long-sentence \"off\")).
Sent as initializationOptions and as the `casenote' section of
workspace/configuration.  Keys: :rules, :settings, :vocabulary, :training,
:lintOn (\"type\" or \"save\"), :workspaceReview, :docsBaseUrl."
  :type 'plist)

(defclass casenote-eglot-server (eglot-lsp-server) ()
  :documentation "The casenote language server.")

(cl-defmethod eglot-initialization-options ((_server casenote-eglot-server))
  (or casenote-settings eglot--{}))

(defun casenote-root (&optional file)
  "The folder above FILE (default: this buffer's) holding a casenote configuration."
  (let ((dir (file-name-directory (expand-file-name (or file buffer-file-name default-directory)))))
    (seq-some (lambda (name)
                (when-let ((found (locate-dominating-file dir name)))
                  (expand-file-name found)))
              casenote-config-files)))

(defun casenote--project (dir)
  "A project for `project-find-functions': the casenote root above DIR."
  (when-let ((root (let ((default-directory dir)) (casenote-root dir))))
    (cons 'transient root)))

(defun casenote--program ()
  "The full path of `casenote-program', or signal a user error with the fix."
  (or (executable-find casenote-program)
      (and (file-executable-p casenote-program) casenote-program)
      (user-error "casenote: cannot run %S, so records are not checked.  Install casenote (`cargo install --locked --path .' in its source folder, or ask your IT team), or set `casenote-program' to its full path"
                  casenote-program)))

(defun casenote--contact (&optional _interactive)
  "How eglot starts the server."
  (list (casenote--program) "server"))

(defun casenote--record-p ()
  "Whether this buffer is a case record to check."
  (and buffer-file-name
       (apply #'derived-mode-p casenote-modes)
       (or (casenote-root) (not casenote-require-config))))

(defun casenote-maybe-start ()
  "Start the server for this buffer if it is a case record (for mode hooks)."
  (when (casenote--record-p)
    (eglot-ensure)))

(defun casenote-start-now ()
  "Start the server for this buffer now (also works in batch mode)."
  (interactive)
  (let* ((root (or (casenote-root) default-directory))
         (project (cons 'transient root)))
    (eglot (list major-mode) project 'casenote-eglot-server (casenote--contact) "markdown")))

(defun casenote--server ()
  (or (eglot-current-server)
      (user-error "casenote: no server for this buffer (is there a casenote.toml above it?)")))

(defun casenote-explain-rule (rule)
  "Show the documentation of RULE in a buffer."
  (interactive (list (read-string "casenote rule: " (thing-at-point 'symbol t))))
  (let* ((doc (jsonrpc-request (casenote--server) :workspace/executeCommand
                               (list :command "casenote.explainRule" :arguments (vector rule))))
         (buffer (get-buffer-create (format "*casenote: %s*" rule))))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert doc)
        (goto-char (point-min)))
      (if (fboundp 'markdown-view-mode) (markdown-view-mode) (view-mode)))
    (display-buffer buffer)))

(defun casenote-review-workspace ()
  "Check every record under the project root; findings go to flymake."
  (interactive)
  (let ((summary (jsonrpc-request (casenote--server) :workspace/executeCommand
                                  (list :command "casenote.reviewWorkspace" :arguments []))))
    (message "casenote: reviewed %s records: %s findings"
             (plist-get summary :records) (plist-get summary :findings))))

;;;###autoload
(defun casenote-setup ()
  "Register casenote with eglot and start it in case records."
  (add-to-list 'eglot-server-programs
               (cons casenote-modes (cons 'casenote-eglot-server #'casenote--contact)))
  (add-hook 'project-find-functions #'casenote--project)
  (setq-default eglot-workspace-configuration
                (cons (cons :casenote (or casenote-settings eglot--{}))
                      (assq-delete-all :casenote (default-value 'eglot-workspace-configuration))))
  (dolist (mode casenote-modes)
    (add-hook (intern (format "%s-hook" mode)) #'casenote-maybe-start)))

(provide 'casenote)
;;; casenote.el ends here
